export {
  connectWandb,
  RemoteBackend,
  WandbApiError,
  DEFAULT_BASE_URL,
  retryAfterMs,
  type WandbConnectOptions,
  type WandbErrorKind,
} from './client.js';
export { netrcPassword } from './netrc.js';
