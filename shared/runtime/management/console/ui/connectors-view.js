// The connectors view: one row per connector with its state, type, class, tasks
// (running / active / tasks.max), throughput, total lag, errors and dead letter queue count.
import { get, segment } from './api.js';
import { connectorHref, fill, h } from './dom.js';
import { number, rate, stateClass } from './format.js';

export function connectorsView() {
  const body = h('div', { class: 'connectors' }, h('p', {}, 'Loading…'));
  return {
    title: 'Connectors',
    element: h(
      'section',
      { 'aria-labelledby': 'connectors-title' },
      h('h1', { id: 'connectors-title' }, 'Connectors'),
      body,
    ),
    async refresh() {
      const expanded = await get('/connectors?expand=status&expand=info');
      const names = Object.keys(expanded).sort();
      if (names.length === 0) {
        fill(body, h('p', {}, 'No connectors yet. ', h('a', { href: '#/new' }, 'Create one from its JSON.')));
        return;
      }
      const leases = await Promise.all(
        names.map((name) => get(`/connectors/${segment(name)}/leases`).catch(() => null)),
      );
      fill(
        body,
        h(
          'div',
          { class: 'table-scroll' },
          h(
            'table',
            { class: 'connector-table' },
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                [
                  'Name',
                  'State',
                  'Type',
                  'Class',
                  'Tasks (running / active / max)',
                  'Records/s',
                  'Lag',
                  'Errors',
                  'DLQ',
                ].map((label) => h('th', { scope: 'col' }, label)),
              ),
            ),
            h(
              'tbody',
              {},
              names.map((name, index) => row(name, expanded[name], leases[index])),
            ),
          ),
        ),
      );
    },
  };
}

function row(name, { status, info }, leases) {
  const tasks = status?.tasks ?? [];
  const running = tasks.filter((t) => t.state === 'RUNNING').length;
  const failed =
    tasks.filter((t) => t.state === 'FAILED').length + (status?.connector.state === 'FAILED' ? 1 : 0);
  const lag = leases?.partitions.some((p) => p.lag !== null)
    ? leases.partitions.reduce((sum, p) => sum + (p.lag ?? 0), 0)
    : null;
  const state = status?.connector.state ?? 'UNASSIGNED';
  return h(
    'tr',
    { 'data-connector': name },
    h('th', { scope: 'row' }, h('a', { href: connectorHref(name) }, name)),
    h('td', {}, h('span', { class: stateClass(state) }, state)),
    h('td', {}, info?.type ?? status?.type ?? '–'),
    h('td', { class: 'class-name' }, info?.config['connector.class'] ?? '–'),
    h(
      'td',
      {},
      `${running} / ${leases?.active_tasks ?? '–'} / ${leases?.tasks_max ?? info?.config['tasks.max'] ?? 1}`,
    ),
    h('td', {}, rate(leases?.records_per_second)),
    h('td', {}, number(lag)),
    h('td', { class: failed > 0 ? 'errors' : '' }, failed > 0 ? `${failed} failed` : '0'),
    h('td', {}, leases?.dead_letter_queue ? number(leases.dead_letter_queue.records) : '–'),
  );
}
