// The trace waterfall, shared by the trace page and the event journey: spans as a tree, each a bar
// on the trace's time line, coloured by resource; clicking a span shows its attributes, events, links.
'use strict';

const Waterfall = (() => {
  const { h, replace, fmt, colorFor, resourceChip, badge, kvList } = Dash;

  function rootOf(spans) {
    const ids = new Set(spans.map(s => s.spanId));
    return spans.filter(s => !s.parentSpanId || !ids.has(s.parentSpanId))
      .sort((a, b) => new Date(a.start) - new Date(b.start))[0];
  }

  // Depth-first order: children follow their parent, siblings by start time.
  function order(spans) {
    const ids = new Set(spans.map(s => s.spanId));
    const children = new Map();
    for (const span of spans) {
      const parent = span.parentSpanId && ids.has(span.parentSpanId) ? span.parentSpanId : null;
      if (!children.has(parent)) children.set(parent, []);
      children.get(parent).push(span);
    }
    for (const list of children.values()) list.sort((a, b) => new Date(a.start) - new Date(b.start));
    const rows = [];
    const walk = (parent, depth) => {
      for (const span of children.get(parent) || []) {
        rows.push({ span, depth, hasChildren: children.has(span.spanId) });
        walk(span.spanId, depth + 1);
      }
    };
    walk(null, 0);
    return rows;
  }

  function create(container, options = {}) {
    let selectedId = null;
    const collapsed = new Set();
    let spans = [];

    function show(next) {
      spans = next;
      if (!spans.length) {
        replace(container, h('section', { class: 'panel' }, h('div', { class: 'empty' }, 'No spans.')));
        return;
      }
      if (!selectedId || !spans.some(s => s.spanId === selectedId)) {
        selectedId = (spans.find(s => s.status === 'Error') || rootOf(spans)).spanId;
      }
      render();
    }

    function render() {
      const start = Math.min(...spans.map(s => new Date(s.start).getTime()));
      const end = Math.max(...spans.map(s => new Date(s.start).getTime() + s.durationMs));
      const total = Math.max(end - start, 0.001);
      const resources = [...new Set(spans.map(s => s.resource))].sort();
      const errors = spans.filter(s => s.status === 'Error').length;
      const rows = visibleRows();
      const selected = spans.find(s => s.spanId === selectedId);

      replace(container,
        options.compact ? null : h('section', { class: 'panel', style: { marginBottom: '16px' } },
          h('div', { class: 'trace-head' },
            stat('Started', fmt.time(new Date(start).toISOString())),
            stat('Duration', fmt.duration(total)),
            stat('Spans', spans.length),
            stat('Resources', resources.length),
            stat('Errors', errors ? badge(String(errors), 'err') : '0')),
          h('div', { class: 'legend' }, resources.map(resourceChip))),
        h('div', { class: options.compact ? 'stack' : 'trace-layout' },
          h('section', { class: 'panel waterfall' },
            options.head || null,
            h('div', { class: 'wf-axis' }, h('div', { class: 'wf-label' }, 'Span'),
              h('div', { class: 'wf-ticks' }, [0, 0.25, 0.5, 0.75, 1].map(f => h('span', { style: { left: `${f * 100}%` } }, f === 0 ? '0' : fmt.duration(total * f))))),
            rows.map(row => spanRow(row, start, total))),
          selected ? details(selected, start) : null));
    }

    function visibleRows() {
      const hidden = new Set();
      const rows = [];
      for (const row of order(spans)) {
        if (row.span.parentSpanId && hidden.has(row.span.parentSpanId)) { hidden.add(row.span.spanId); continue; }
        if (collapsed.has(row.span.spanId)) hidden.add(row.span.spanId);
        rows.push(row);
      }
      return rows;
    }

    function spanRow({ span, depth, hasChildren }, start, total) {
      const offset = new Date(span.start).getTime() - start;
      const left = (offset / total) * 100;
      const width = Math.max((span.durationMs / total) * 100, 0.25);
      const color = colorFor(span.resource);
      const labelRight = left + width > 72;
      return h('div', {
        class: 'wf-row' + (span.spanId === selectedId ? ' selected' : ''),
        onclick: () => { selectedId = span.spanId; render(); },
        title: `${span.resource}: ${span.name} (${fmt.duration(span.durationMs)})`,
      },
        h('div', { class: 'wf-label', style: { paddingLeft: `${8 + depth * 14}px` } },
          h('span', {
            class: 'toggle',
            onclick: hasChildren ? event => {
              event.stopPropagation();
              collapsed.has(span.spanId) ? collapsed.delete(span.spanId) : collapsed.add(span.spanId);
              render();
            } : null,
          }, hasChildren ? (collapsed.has(span.spanId) ? '▸' : '▾') : ''),
          h('span', { class: 'dot', style: { background: color } }),
          h('span', { class: 'name' }, span.name)),
        h('div', { class: 'wf-track' },
          h('div', { class: 'wf-bar' + (span.status === 'Error' ? ' error' : ''), style: { left: `${left}%`, width: `${width}%`, background: color } }),
          (span.events || []).map(event => h('div', {
            class: 'wf-event' + (event.name === 'exception' ? ' exception' : ''),
            style: { left: `${((new Date(event.time).getTime() - start) / total) * 100}%` },
            title: event.name,
          })),
          h('span', { class: 'wf-time', style: labelRight ? { right: `${100 - left}%` } : { left: `${left + width}%` } }, fmt.duration(span.durationMs))));
    }

    function details(span, start) {
      const offset = new Date(span.start).getTime() - start;
      return h('aside', { class: 'panel span-detail' },
        h('div', { class: 'panel-body' },
          h('h3', {}, 'Span'),
          h('div', { class: 'span-title' }, span.name),
          h('div', { style: { margin: '6px 0 10px' } }, resourceChip(span.resource), ' ',
            badge(span.status, span.status === 'Error' ? 'err' : span.status === 'Ok' ? 'ok' : ''), ' ',
            h('span', { class: 'badge plain' }, span.kind)),
          span.statusMessage ? h('p', { class: 'alert alert-error' }, span.statusMessage) : null,
          h('dl', { class: 'kv' },
            h('dt', {}, 'duration'), h('dd', {}, fmt.duration(span.durationMs)),
            h('dt', {}, 'starts at'), h('dd', {}, '+' + fmt.duration(offset)),
            h('dt', {}, 'span id'), h('dd', {}, span.spanId),
            h('dt', {}, 'parent'), h('dd', {}, span.parentSpanId || '–'),
            h('dt', {}, 'scope'), h('dd', {}, span.scope || '–')),
          h('h3', {}, 'Attributes'),
          kvList(span.attributes, true),
          span.events && span.events.length ? [
            h('h3', {}, `Events (${span.events.length})`),
            span.events.map(event => h('div', { class: 'event-item' + (event.name === 'exception' ? ' exception' : '') },
              h('div', {}, h('strong', {}, event.name), ' ', h('span', { class: 'muted small' }, '+' + fmt.duration(new Date(event.time).getTime() - start))),
              kvList(event.attributes, true))),
          ] : null,
          span.links && span.links.length ? [
            h('h3', {}, `Links (${span.links.length})`),
            span.links.map(link => h('div', { class: 'event-item' },
              h('a', { class: 'mono', href: `/traces/${link.traceId}` }, `${link.traceId.slice(0, 16)}… / ${link.spanId}`),
              Object.keys(link.attributes || {}).length ? kvList(link.attributes, true) : null)),
          ] : null,
          h('p', { style: { marginTop: '14px' } }, h('a', { href: `/logs?traceId=${span.traceId}` }, 'Logs of this trace →'))));
    }

    return { show };
  }

  function stat(label, value) {
    return h('div', { class: 'stat' }, h('div', { class: 'label' }, label), h('div', { class: 'value' }, value));
  }

  return { create, rootOf };
})();
