/**
 * Expiries over the next twelve months, by month, stacked by workspace: a recharts bar chart in the
 * theme's colours, and the same numbers as a table. The table is always there for screen readers
 * (visually hidden while the chart shows; the chart itself is hidden from them), and "Table" shows
 * it to everyone.
 */
import { useState } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts';
import type { DashboardSummary } from '../../../../shared/ipc/index.ts';
import { seriesColour, timelineRows, type TimelineRow } from '../../lib/dashboard.ts';

type Mode = 'chart' | 'table';

const AXIS_TICK = { fill: 'var(--text-muted)', fontSize: 11 };

export function ExpiryTimeline({ summary }: { summary: DashboardSummary }) {
  const [mode, setMode] = useState<Mode>('chart');
  const rows = timelineRows(summary);
  const total = rows.reduce((sum, row) => sum + row.total, 0);
  const workspaces = summary.workspaces;

  return (
    <section className="dashboard__panel timeline" aria-labelledby="timeline-title">
      <header className="dashboard__panel-header">
        <h2 id="timeline-title">Expiries in the next 12 months</h2>
        {total > 0 && (
          <div className="segmented" role="group" aria-label="Show expiries as">
            {(['chart', 'table'] as const).map((option) => (
              <button
                key={option}
                type="button"
                className="segmented__option"
                aria-pressed={mode === option}
                onClick={() => setMode(option)}
              >
                {option === 'chart' ? 'Chart' : 'Table'}
              </button>
            ))}
          </div>
        )}
      </header>
      {total === 0 ? (
        <p className="muted">No key expires in the next 12 months.</p>
      ) : (
        <>
          <p className="muted timeline__summary">
            {total.toLocaleString()} {total === 1 ? 'key expires' : 'keys expire'} by the end of {rows.at(-1)!.long}
            {workspaces.length > 1 ? `, across ${workspaces.length} workspaces` : ''}.
          </p>
          {mode === 'chart' && (
            <div className="timeline__chart" aria-hidden="true">
              <BarChart
                responsive
                style={{ width: '100%', height: 240 }}
                data={rows}
                accessibilityLayer={false}
                margin={{ top: 8, right: 8, bottom: 0, left: 0 }}
              >
                <CartesianGrid vertical={false} stroke="var(--border)" />
                <XAxis dataKey="short" tick={AXIS_TICK} tickLine={false} stroke="var(--border-strong)" />
                <YAxis allowDecimals={false} tick={AXIS_TICK} tickLine={false} axisLine={false} width={36} />
                <Tooltip
                  cursor={{ fill: 'var(--bg-hover)' }}
                  labelFormatter={(_label, payload) => (payload[0]?.payload as TimelineRow | undefined)?.long ?? ''}
                  contentStyle={{
                    background: 'var(--bg)',
                    border: '1px solid var(--border-strong)',
                    borderRadius: 6,
                    color: 'var(--text)',
                  }}
                  itemStyle={{ color: 'var(--text)' }}
                  isAnimationActive={false}
                />
                {/* In the sidebar's order, like the table's columns, not alphabetical. */}
                <Legend itemSorter={null} wrapperStyle={{ color: 'var(--text)', fontSize: 12 }} />
                {workspaces.map((workspace, index) => (
                  <Bar
                    key={workspace.id}
                    dataKey={(row: TimelineRow) => row.counts[index] ?? 0}
                    name={workspace.name}
                    stackId="expiries"
                    fill={seriesColour(index)}
                    stroke="var(--bg)"
                    strokeWidth={1}
                    maxBarSize={36}
                    isAnimationActive={false}
                  />
                ))}
              </BarChart>
            </div>
          )}
          <TimelineTable rows={rows} workspaces={workspaces} hidden={mode === 'chart'} />
        </>
      )}
    </section>
  );
}

function TimelineTable({
  rows,
  workspaces,
  hidden,
}: {
  rows: TimelineRow[];
  workspaces: DashboardSummary['workspaces'];
  hidden: boolean;
}) {
  return (
    <div className={hidden ? 'visually-hidden' : 'timeline__table-wrap'}>
      <table className="timeline__table">
        <caption>Keys expiring per month{workspaces.length > 1 ? ' and workspace' : ''}</caption>
        <thead>
          <tr>
            <th scope="col">Month</th>
            {workspaces.map((workspace) => (
              <th scope="col" key={workspace.id}>
                {workspace.name}
              </th>
            ))}
            {workspaces.length > 1 && <th scope="col">Total</th>}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.long}>
              <th scope="row">{row.long}</th>
              {row.counts.map((count, index) => (
                <td key={workspaces[index]!.id}>{count}</td>
              ))}
              {workspaces.length > 1 && <td>{row.total}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
