// Resources: state, health, endpoints and environment of everything the AppHost runs; start/stop/restart.
'use strict';
(() => {
  const { api, h, replace, fmt, badge, colorFor, live, toast, kvList, empty } = Dash;
  const body = document.querySelector('#resources tbody');
  const summary = document.getElementById('resource-summary');
  const open = new Set();
  const busy = new Set();

  const stateTone = {
    Running: 'ok', Starting: 'warn', Restarting: 'warn', Stopping: 'warn',
    Exited: 'err', FailedToStart: 'err', Stopped: '', NotStarted: '',
  };
  const healthTone = { Healthy: 'ok', Unhealthy: 'err', Unknown: '' };
  const stateText = state => state.replace(/([a-z])([A-Z])/g, '$1 $2');

  async function refresh() {
    const resources = (await api('/api/resources')) || [];
    const running = resources.filter(r => r.state === 'Running').length;
    const unhealthy = resources.filter(r => r.health === 'Unhealthy').length;
    summary.textContent = `${resources.length} resources · ${running} running` + (unhealthy ? ` · ${unhealthy} unhealthy` : '');
    if (!resources.length) {
      replace(body, h('tr', {}, h('td', { colspan: 7 }, empty('No resources yet.'))));
      return;
    }
    replace(body, resources.flatMap(row));
  }

  function row(resource) {
    const isOpen = open.has(resource.name);
    const toggle = () => { isOpen ? open.delete(resource.name) : open.add(resource.name); refresh(); };
    const stopped = ['Stopped', 'Exited', 'FailedToStart', 'NotStarted'].includes(resource.state);
    const rows = [h('tr', { class: 'clickable' + (isOpen ? ' selected' : ''), onclick: toggle },
      h('td', {},
        h('div', { class: 'resource-name' }, h('span', { class: 'chip' }, h('i', { style: { background: colorFor(resource.name) } }), resource.name)),
        h('div', { class: 'type' }, resource.type + (resource.processId ? ` · pid ${resource.processId}` : ''))),
      h('td', {}, badge(stateText(resource.state), stateTone[resource.state]),
        resource.exitCode !== null && resource.exitCode !== undefined && stopped ? h('div', { class: 'type' }, `exit code ${resource.exitCode}`) : null),
      h('td', { class: 'col-opt' }, badge(resource.health, healthTone[resource.health])),
      h('td', { class: 'col-opt nowrap', title: fmt.dateTime(resource.startedAt) }, resource.startedAt ? fmt.ago(resource.startedAt) : '–'),
      h('td', { class: 'col-opt endpoints' }, resource.endpoints.length
        ? resource.endpoints.map(url => h('a', { href: url, target: '_blank', rel: 'noopener', onclick: e => e.stopPropagation() }, url))
        : h('span', { class: 'muted' }, '–')),
      h('td', { class: 'col-opt num' }, resource.restartCount),
      h('td', { class: 'num' }, h('div', { class: 'button-group' },
        action(resource, 'start', 'Start', !stopped),
        action(resource, 'stop', 'Stop', stopped),
        action(resource, 'restart', 'Restart', false))))];
    if (isOpen) {
      rows.push(h('tr', { class: 'detail-row' }, h('td', { colspan: 7 },
        h('div', { class: 'queue-sub' }, 'Environment'),
        kvList(resource.environment))));
    }
    return rows;
  }

  function action(resource, verb, label, disabled) {
    return h('button', {
      type: 'button', class: 'button small' + (verb === 'stop' ? ' danger' : ''),
      disabled: disabled || busy.has(resource.name),
      onclick: async event => {
        event.stopPropagation();
        busy.add(resource.name);
        refresh();
        try {
          await api(`/api/resources/${encodeURIComponent(resource.name)}/${verb}`, { method: 'POST' });
          toast(`${label} ${resource.name}: requested`);
        } catch (error) {
          toast(`${label} ${resource.name} failed: ${error.message}`);
        } finally {
          busy.delete(resource.name);
          refresh();
        }
      },
    }, label);
  }

  refresh().catch(error => toast(error.message));
  live(['resources'], refresh);
  setInterval(refresh, 10000); // keeps "started … ago" current
})();
