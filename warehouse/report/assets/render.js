// Draws every chart of the report with Vega (assets/vega.min.js), from the specs embedded in the
// page. Plain ES5-style script, no modules: it must run from file:// where module scripts are
// blocked by CORS. Each container gets data-rendered="true" or "error", and <body> gets
// data-charts-done once all have settled, so a test (or a curious reader) can tell they finished.
(function () {
  'use strict';
  var specs = JSON.parse(document.getElementById('sprint-charts').textContent);
  var containers = Array.prototype.slice.call(document.querySelectorAll('[data-chart]'));

  function fail(container, error) {
    container.setAttribute('data-rendered', 'error');
    container.textContent = 'This chart could not be drawn: ' + (error && error.message ? error.message : String(error));
    console.error(error);
  }

  var pending = containers.map(function (container) {
    var spec = specs[container.getAttribute('data-chart')];
    if (!spec) {
      fail(container, new Error('no chart spec named ' + container.getAttribute('data-chart')));
      return Promise.resolve();
    }
    try {
      var view = new vega.View(vega.parse(spec), { renderer: 'svg', container: container, hover: true });
      return view.runAsync().then(
        function () { container.setAttribute('data-rendered', 'true'); },
        function (error) { fail(container, error); }
      );
    } catch (error) {
      fail(container, error);
      return Promise.resolve();
    }
  });

  Promise.all(pending).then(function () {
    document.body.setAttribute('data-charts-done', String(containers.length));
  });
})();
