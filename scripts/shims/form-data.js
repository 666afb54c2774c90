// Bundled in place of the `form-data` package (and with it 130 KB of mime-db) in the extension
// host: axios only needs a FormData class there, and Node 20+ has one built in.
module.exports = globalThis.FormData;
