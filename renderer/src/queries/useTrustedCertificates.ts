import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { TrustedCertificateInfo } from '../../../shared/errors';
import { useApi } from '../api/context';
import { read } from './client';
import { queryKeys } from './keys';

/** The certificates the user trusted (Settings), and taking one back. */
export function useTrustedCertificates(): {
  certificates: TrustedCertificateInfo[] | undefined;
  revoke: (certificate: Pick<TrustedCertificateInfo, 'host' | 'port' | 'fingerprint256'>) => Promise<void>;
} {
  const api = useApi();
  const client = useQueryClient();
  const { data } = useQuery({
    queryKey: queryKeys.trustedCertificates,
    queryFn: () => read(() => api.call('certificates.list', {})),
    // Trusting one happens in the wizard or the account editor: read again whenever Settings shows them.
    staleTime: 0,
  });
  const revoke = useCallback(
    async ({ host, port, fingerprint256 }: Pick<TrustedCertificateInfo, 'host' | 'port' | 'fingerprint256'>) => {
      try {
        await api.call('certificates.revoke', { host, port, fingerprint256 });
      } finally {
        await client.invalidateQueries({ queryKey: queryKeys.trustedCertificates });
      }
    },
    [api, client],
  );
  return { certificates: data, revoke };
}
