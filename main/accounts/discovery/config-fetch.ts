import type { SourceContext } from './candidate';
import { type ClientConfig, ConfigError, parseClientConfig } from './config-xml';

// Reads one config-v1.1.xml URL. Answers: the config, or why there is none
// ("404", "not a config file: …"); network failures throw.

export type ConfigAnswer = { config: ClientConfig; url: string } | { nothing: string };

export async function fetchConfig(url: string, context: Pick<SourceContext, 'get' | 'signal'>): Promise<ConfigAnswer> {
  const answer = await context.get(url, { signal: context.signal });
  if (answer.status !== 200) return { nothing: `${url} answered ${answer.status}` };
  try {
    return { config: parseClientConfig(answer.body), url: answer.url };
  } catch (error) {
    if (error instanceof ConfigError) return { nothing: `${url} is not a usable config file: ${error.message}` };
    throw error;
  }
}

/** Reads several URLs at once; the first one in list order that has a config wins. */
export async function fetchFirstConfig(urls: readonly string[], context: Pick<SourceContext, 'get' | 'signal'>): Promise<ConfigAnswer> {
  const answers = await Promise.all(
    urls.map((url) =>
      fetchConfig(url, context).catch((error: unknown): ConfigAnswer => ({ nothing: `${url} failed: ${messageOf(error)}` })),
    ),
  );
  const found = answers.find((answer) => 'config' in answer);
  if (found) return found;
  return { nothing: answers.map((answer) => ('nothing' in answer ? answer.nothing : '')).join('; ') };
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
