// Shared helpers of every dashboard page: API calls, element building, formatting, live updates.
'use strict';

const Dash = (() => {
  async function api(path, options = {}) {
    const response = await fetch(path, { headers: { Accept: 'application/json' }, ...options });
    if (response.status === 401) {
      location.href = '/login?returnUrl=' + encodeURIComponent(location.pathname + location.search);
      throw new Error('Signed out');
    }
    if (response.status === 404) return null;
    if (!response.ok) {
      let detail = response.statusText;
      try { const problem = await response.json(); detail = problem.detail || problem.title || detail; } catch { /* not JSON */ }
      throw new Error(detail);
    }
    return response.status === 204 ? null : response.json();
  }

  // h('a', {href: '/x', class: 'y'}, 'text', child): builds elements; strings become text nodes, never HTML.
  function h(tag, attributes, ...children) {
    const element = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
      else if (name === 'style' && typeof value === 'object') Object.assign(element.style, value);
      else element.setAttribute(name, value === true ? '' : value);
    }
    append(element, children);
    return element;
  }

  function append(element, children) {
    for (const child of children.flat(Infinity)) {
      if (child === null || child === undefined || child === false) continue;
      element.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return element;
  }

  function replace(element, ...children) {
    element.replaceChildren();
    return append(element, children);
  }

  const pad = (n, width = 2) => String(n).padStart(width, '0');

  const fmt = {
    time(iso) {
      if (!iso) return '';
      const d = new Date(iso);
      return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
    },
    dateTime(iso) {
      if (!iso) return '';
      const d = new Date(iso);
      return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
    },
    duration(ms) {
      if (ms === null || ms === undefined) return '';
      if (ms < 1) return `${(ms * 1000).toFixed(0)} µs`;
      if (ms < 1000) return `${ms < 10 ? ms.toFixed(2) : ms < 100 ? ms.toFixed(1) : ms.toFixed(0)} ms`;
      if (ms < 60000) return `${(ms / 1000).toFixed(2)} s`;
      const seconds = Math.round((ms % 60000) / 1000);
      return `${Math.floor(ms / 60000)} min` + (seconds ? ` ${seconds} s` : '');
    },
    ago(iso) {
      if (!iso) return '';
      return fmt.age((Date.now() - new Date(iso).getTime()) / 1000) + ' ago';
    },
    age(seconds) {
      if (seconds === null || seconds === undefined) return 'n/a';
      if (seconds < 60) return `${Math.max(0, Math.round(seconds))} s`;
      if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
      if (seconds < 86400) return `${(seconds / 3600).toFixed(1)} h`;
      return `${(seconds / 86400).toFixed(1)} d`;
    },
    // Annotation units like {event} say what is counted; they are left out of the number.
    number(value, unit) {
      if (value === null || value === undefined || Number.isNaN(value)) return '–';
      const abs = Math.abs(value);
      let text;
      if (abs >= 1e9) text = (value / 1e9).toFixed(2) + 'G';
      else if (abs >= 1e6) text = (value / 1e6).toFixed(2) + 'M';
      else if (abs >= 1e4) text = (value / 1e3).toFixed(1) + 'k';
      else if (Number.isInteger(value)) text = String(value);
      else text = abs >= 100 ? value.toFixed(0) : abs >= 1 ? value.toFixed(2) : value.toPrecision(2);
      const u = unitLabel(unit);
      return u ? `${text} ${u}` : text;
    },
  };

  function unitLabel(unit) {
    if (!unit || unit === '1' || /^\{.*\}$/.test(unit)) return '';
    return unit;
  }

  // One colour per resource, the same on every page (hash of the name into a palette).
  const palette = ['#4f7df3', '#f08a24', '#20a37a', '#c8507e', '#8d63d6', '#1f9fb8', '#b89a1c', '#e05a4f', '#5b9e3c', '#7f8ca3'];
  const fixed = { api: 0, dashboard: 9 };
  function colorFor(name) {
    if (!name) return palette[9];
    if (name in fixed) return palette[fixed[name]];
    let hash = 0;
    for (const ch of name) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
    return palette[1 + (hash % 8)];
  }

  function resourceChip(name) {
    return h('span', { class: 'chip' }, h('i', { style: { background: colorFor(name) } }), name);
  }

  function badge(text, tone) {
    return h('span', { class: `badge ${tone || ''}` }, text);
  }

  // Filters live in the query string, so a filtered view can be bookmarked or shared.
  function readQuery(names) {
    const params = new URLSearchParams(location.search);
    const values = {};
    for (const name of names) values[name] = params.get(name) || '';
    return values;
  }

  function writeQuery(values) {
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(values)) if (value) params.set(name, value);
    const query = params.toString();
    history.replaceState(null, '', location.pathname + (query ? '?' + query : ''));
  }

  function bindFilters(form, names, onChange) {
    const initial = readQuery(names);
    for (const name of names) {
      const input = form.elements[name];
      if (!input) continue;
      if (input.type === 'checkbox') input.checked = initial[name] === 'true';
      else if (initial[name]) input.value = initial[name];
    }
    const current = () => {
      const values = {};
      for (const name of names) {
        const input = form.elements[name];
        if (!input) continue;
        values[name] = input.type === 'checkbox' ? (input.checked ? 'true' : '') : input.value.trim();
      }
      return values;
    };
    const changed = debounce(() => { const values = current(); writeQuery(values); onChange(values); }, 250);
    form.addEventListener('input', changed);
    form.addEventListener('change', changed);
    form.addEventListener('submit', event => { event.preventDefault(); changed(); });
    return current;
  }

  function debounce(fn, ms) {
    let timer;
    return (...args) => { clearTimeout(timer); timer = setTimeout(() => fn(...args), ms); };
  }

  async function fillResourceSelect(select, selected) {
    const resources = (await api('/api/resources')) || [];
    const names = new Set(resources.map(r => r.name));
    for (const name of [...names].sort()) select.append(h('option', { value: name }, name));
    if (selected) {
      if (!names.has(selected)) select.append(h('option', { value: selected }, selected));
      select.value = selected;
    }
  }

  // Live updates: one Server-Sent Events stream; each page says which kinds it cares about.
  const listeners = [];
  let source;
  function live(kinds, handler) {
    listeners.push({ kinds, handler: throttle(handler, 700) });
    if (!source) connect();
  }

  function connect() {
    const indicator = document.getElementById('live');
    source = new EventSource('/api/stream');
    source.onopen = () => { if (indicator) { indicator.textContent = 'live'; indicator.className = 'live on'; } };
    source.onerror = () => { if (indicator) { indicator.textContent = 'reconnecting…'; indicator.className = 'live off'; } };
    source.addEventListener('change', event => {
      const changed = event.data.split(',');
      for (const listener of listeners) if (listener.kinds.some(kind => changed.includes(kind))) listener.handler(changed);
    });
  }

  function throttle(fn, ms) {
    let last = 0, timer = null;
    return (...args) => {
      const wait = last + ms - Date.now();
      if (wait <= 0) { last = Date.now(); fn(...args); }
      else if (!timer) timer = setTimeout(() => { timer = null; last = Date.now(); fn(...args); }, wait);
    };
  }

  function toast(message) {
    const element = h('div', { class: 'toast', role: 'status' }, message);
    document.body.append(element);
    setTimeout(() => element.remove(), 4000);
  }

  // stacked: each key above its value, for narrow panels where long values would wrap badly.
  function kvList(attributes, stacked) {
    const entries = Object.entries(attributes || {});
    if (!entries.length) return h('p', { class: 'muted small' }, 'None');
    return h('dl', { class: stacked ? 'kv kv-stacked' : 'kv' }, entries.sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
  }

  function empty(text) {
    return h('div', { class: 'empty' }, text);
  }

  document.addEventListener('DOMContentLoaded', () => {
    // Every page shows whether it is live, also those that only poll.
    if (!source) connect();
    const toggle = document.getElementById('theme-toggle');
    if (toggle) {
      toggle.addEventListener('click', () => {
        const dark = getComputedStyle(document.documentElement).colorScheme.includes('dark');
        const next = dark ? 'light' : 'dark';
        document.documentElement.dataset.theme = next;
        localStorage.setItem('ingestion-theme', next);
      });
    }
  });

  return { api, h, append, replace, fmt, colorFor, resourceChip, badge, readQuery, writeQuery, bindFilters, debounce, fillResourceSelect, live, toast, kvList, empty };
})();
