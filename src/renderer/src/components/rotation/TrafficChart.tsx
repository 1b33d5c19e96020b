/**
 * Requests per minute of the old and the new key, as a small recharts bar chart in the theme's
 * colours. Hidden from screen readers: the verify step says the same in words next to it.
 */
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts';
import type { RotationTraffic } from '../../../../shared/ipc/index.ts';
import { trafficRows, type TrafficRow } from '../../lib/rotation.ts';

const AXIS_TICK = { fill: 'var(--text-muted)', fontSize: 11 };
export const OLD_KEY_COLOUR = 'var(--chart-5)';
export const NEW_KEY_COLOUR = 'var(--chart-2)';

export function TrafficChart({ traffic }: { traffic: RotationTraffic }) {
  const rows = trafficRows(traffic);
  return (
    <div className="traffic-chart" aria-hidden="true">
      <BarChart
        responsive
        style={{ width: '100%', height: 170 }}
        data={rows}
        accessibilityLayer={false}
        barGap={1}
        margin={{ top: 6, right: 6, bottom: 0, left: 0 }}
      >
        <CartesianGrid vertical={false} stroke="var(--border)" />
        <XAxis dataKey="label" tick={AXIS_TICK} tickLine={false} stroke="var(--border-strong)" minTickGap={24} />
        <YAxis allowDecimals={false} tick={AXIS_TICK} tickLine={false} axisLine={false} width={32} />
        <Tooltip
          cursor={{ fill: 'var(--bg-hover)' }}
          labelFormatter={(_label, payload) => (payload[0]?.payload as TrafficRow | undefined)?.label ?? ''}
          contentStyle={{
            background: 'var(--bg)',
            border: '1px solid var(--border-strong)',
            borderRadius: 6,
            color: 'var(--text)',
          }}
          itemStyle={{ color: 'var(--text)' }}
          isAnimationActive={false}
        />
        <Legend itemSorter={null} wrapperStyle={{ color: 'var(--text)', fontSize: 12 }} />
        <Bar dataKey="oldKey" name="Old key" fill={OLD_KEY_COLOUR} maxBarSize={8} isAnimationActive={false} />
        <Bar dataKey="newKey" name="New key" fill={NEW_KEY_COLOUR} maxBarSize={8} isAnimationActive={false} />
      </BarChart>
    </div>
  );
}
