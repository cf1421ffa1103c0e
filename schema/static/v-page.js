// The verifier page's shared state and its element lookup.
// Part of the verifier page; v.js is its entry.

const $ = (id) => document.getElementById(id);
const state = {
  text: null,
  result: null,
  trust: null,
  status: null,
  // Office code -> {name: {zh, en}, …}, from the issuer metadata the trust list vouches for.
  offices: null,
  scanning: false,
  scanTimer: null,
  scanRun: 0,
  run: 0,
};

export { $, state };
