// Trace detail: summary, waterfall coloured by resource, and the selected span's details.
'use strict';
(() => {
  const { api, replace, live, empty } = Dash;
  const root = document.getElementById('trace');
  const traceId = root.dataset.traceId;
  const view = Waterfall.create(root);

  async function refresh() {
    const trace = await api(`/api/traces/${encodeURIComponent(traceId)}`);
    if (!trace) {
      replace(root, Dash.h('section', { class: 'panel' }, empty('This trace is unknown, or was evicted (the dashboard keeps the latest 10,000).')));
      return;
    }
    const rootSpan = Waterfall.rootOf(trace.spans);
    document.getElementById('trace-title').textContent = rootSpan ? rootSpan.name : 'Trace';
    document.title = `${rootSpan ? rootSpan.name : 'Trace'} · Ingestion`;
    view.show(trace.spans);
  }

  refresh();
  live(['traces'], refresh);
})();
