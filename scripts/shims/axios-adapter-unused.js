// Bundled in place of axios' xhr and http adapters in the extension host. Every client pins
// `adapter: 'fetch'` (src/providers/http/client.ts), so axios never reaches them there; a
// `false` adapter is axios' own way of saying "not available here". Leaving out the http adapter
// also leaves out follow-redirects and the proxy agents it carries (~30 KB).
export default false;
