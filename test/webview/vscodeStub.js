// Injected before the inspector's own script (as a string, so no build helper leaks into it):
// what VS Code's webview host provides — acquireVsCodeApi, and the theme as --vscode-* custom
// properties on <html> plus a body class — and a recorder of CSP violations.
(function installVsCodeStub(init) {
  var posted = [];
  var violations = [];
  var state = init.state;
  var acquired = false;
  /** @type {any} */
  var w = window;
  w.__posted = posted;
  w.__violations = violations;
  w.__state = state;
  w.acquireVsCodeApi = function () {
    if (acquired) throw new Error('acquireVsCodeApi may only be called once');
    acquired = true;
    return {
      // Like VS Code, messages are cloned: the page cannot share objects with the host.
      postMessage: function (m) { posted.push(JSON.parse(JSON.stringify(m))); },
      getState: function () { return state; },
      setState: function (s) { state = s; w.__state = s; },
    };
  };
  document.addEventListener('securitypolicyviolation', function (e) {
    violations.push({ directive: e.violatedDirective, blocked: e.blockedURI, sample: e.sample || '' });
  });
  function applyTheme() {
    var root = document.documentElement;
    if (root) for (var k in init.vars) root.style.setProperty(k, init.vars[k]);
    if (document.body) {
      document.body.classList.add(init.bodyClass);
      document.body.setAttribute('data-vscode-theme-kind', init.kind);
    }
  }
  applyTheme();
  document.addEventListener('DOMContentLoaded', applyTheme);
})
