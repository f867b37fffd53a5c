import { ApiError, ERROR_CODES, type ErrorCode } from '../../../shared/errors';

function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

/**
 * Whatever a call rejected with, as an ApiError. Objects that crossed Electron's
 * contextBridge lose their prototype (and sometimes become plain Errors), so we
 * rebuild the ApiError from its shape instead of trusting `instanceof`.
 */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (typeof error === 'object' && error !== null) {
    const shape = error as { code?: unknown; message?: unknown; certificate?: unknown };
    if (isErrorCode(shape.code) && typeof shape.message === 'string') {
      return ApiError.fromJSON({
        code: shape.code,
        message: shape.message,
        ...(typeof shape.certificate === 'object' && shape.certificate !== null
          ? { certificate: shape.certificate as NonNullable<ApiError['certificate']> }
          : {}),
      });
    }
    if (typeof shape.message === 'string') return new ApiError('internal', shape.message);
  }
  return new ApiError('internal', String(error));
}
