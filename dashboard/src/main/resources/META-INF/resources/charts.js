// The patient page's charts. The series are computed here from what the APIs return (plain functions), then drawn
// with Chart.js, served by the dashboard from its WebJar. Weeks are weeks of the programme: week 1 starts on the
// programme's start date, in the browser's time zone.

const DAY = 86400000;
export const PAIN_LIMIT = 5;

/** Local midnight of a date-only string (YYYY-MM-DD) or of an instant. */
export function localDay(value) {
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const [y, m, d] = value.split('-').map(Number);
    return new Date(y, m - 1, d);
  }
  const t = new Date(value);
  return new Date(t.getFullYear(), t.getMonth(), t.getDate());
}

function weekOf(start, when) {
  return Math.max(0, Math.floor(Math.round((localDay(when) - start) / DAY) / 7));
}

/** Week 1 to the current week (or the last week with data, if later). */
export function programmeWeeks(startDate, sessions, checkIns, today = new Date()) {
  const start = localDay(startDate);
  const last = Math.max(weekOf(start, today), ...sessions.map((s) => weekOf(start, s.performedAt)),
    ...checkIns.map((c) => weekOf(start, c.at)));
  const weeks = [];
  for (let i = 0; i <= last; i++) {
    weeks.push({ index: i, from: new Date(start.getTime() + i * 7 * DAY) });
  }
  return { start, weeks, weekOf: (when) => weekOf(start, when) };
}

/** Per week: the worst pain during any exercise, the worst next-morning pain (null where nothing was reported). */
export function weeklyPain(calendar, sessions, checkIns) {
  const during = calendar.weeks.map(() => null);
  const morning = calendar.weeks.map(() => null);
  for (const s of sessions) {
    const w = calendar.weekOf(s.performedAt);
    const worst = Math.max(...s.exercises.map((e) => e.painDuring));
    during[w] = Math.max(during[w] ?? 0, worst);
  }
  for (const c of checkIns.filter((c) => c.kind === 'NEXT_MORNING')) {
    const w = calendar.weekOf(c.at);
    morning[w] = Math.max(morning[w] ?? 0, c.pain);
  }
  return { during, morning };
}

export function sessionsPerWeek(calendar, sessions) {
  const counts = calendar.weeks.map(() => 0);
  sessions.forEach((s) => counts[calendar.weekOf(s.performedAt)]++);
  return counts;
}

/**
 * Each logged exercise over time: the heaviest load of a session when any set carried one, otherwise its best set's
 * count; and the programme versions that changed that exercise, marked on the same line.
 */
export function exerciseSeries(sessions, versions) {
  const byExercise = new Map();
  const ordered = [...sessions].sort((a, b) => new Date(a.performedAt) - new Date(b.performedAt));
  for (const s of ordered) {
    for (const e of s.exercises) {
      const loads = e.sets.map((set) => set.loadKg).filter((l) => l !== null && l !== undefined);
      const series = byExercise.get(e.exerciseCode) ?? { code: e.exerciseCode, unit: loads.length ? 'kg' : 'count', points: [] };
      const y = series.unit === 'kg' ? Math.max(0, ...loads.map(Number)) : Math.max(...e.sets.map((set) => set.count));
      series.points.push({ x: new Date(s.performedAt).getTime(), y });
      byExercise.set(e.exerciseCode, series);
    }
  }
  for (const series of byExercise.values()) {
    series.adjustments = versions
      .filter((v) => v.version > 1 && (v.changes || []).some((c) => c.exerciseCode === series.code))
      .map((v) => {
        const x = new Date(v.createdAt).getTime();
        const before = series.points.filter((p) => p.x <= x).pop() ?? series.points[0];
        return { x, y: before.y, version: v.version, reason: v.reason };
      });
  }
  return [...byExercise.values()];
}

const dateTick = (value) => new Date(value).toLocaleDateString();

function replace(canvas, definition) {
  window.Chart.getChart(canvas)?.destroy();
  return new window.Chart(canvas, definition);
}

const common = {
  responsive: true,
  maintainAspectRatio: false,
  animation: false,
  plugins: { legend: { position: 'bottom' } },
};

export function drawPain(canvas, calendar, pain) {
  const labels = calendar.weeks.map((w) => `Week ${w.index + 1}`);
  return replace(canvas, {
    type: 'line',
    data: {
      labels,
      datasets: [
        { label: 'Worst pain during exercise', data: pain.during, borderColor: '#b3261e', backgroundColor: '#b3261e', spanGaps: false },
        { label: 'Worst pain next morning', data: pain.morning, borderColor: '#1f5fa8', backgroundColor: '#1f5fa8', spanGaps: false, borderDash: [6, 3] },
        { label: `Limit ${PAIN_LIMIT}/10`, data: labels.map(() => PAIN_LIMIT), borderColor: '#6b6b6b', pointRadius: 0, borderWidth: 1.5, borderDash: [2, 4] },
      ],
    },
    options: { ...common, scales: { y: { min: 0, max: 10, title: { display: true, text: 'pain (0-10)' } } } },
  });
}

export function drawSessions(canvas, calendar, counts, prescribed) {
  const labels = calendar.weeks.map((w) => `Week ${w.index + 1}`);
  return replace(canvas, {
    type: 'bar',
    data: {
      labels,
      datasets: [
        { label: 'Sessions done', data: counts, backgroundColor: '#2e7d5b' },
        { label: 'Prescribed per week', data: labels.map(() => prescribed), type: 'line', borderColor: '#6b6b6b', pointRadius: 0, borderDash: [4, 4] },
      ],
    },
    options: { ...common, scales: { y: { beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: 'sessions' } } } },
  });
}

export function drawExercise(canvas, series) {
  return replace(canvas, {
    type: 'scatter',
    data: {
      datasets: [
        { label: series.unit === 'kg' ? 'Heaviest load (kg)' : 'Best set (count)', data: series.points, showLine: true, borderColor: '#2e5fa8', backgroundColor: '#2e5fa8' },
        { label: 'Programme adjusted', data: series.adjustments, pointStyle: 'triangle', pointRadius: 9, borderColor: '#b3261e', backgroundColor: '#f4c7c3' },
      ],
    },
    options: {
      ...common,
      plugins: {
        ...common.plugins,
        tooltip: {
          callbacks: {
            label: (item) => (item.raw.version
              ? `Version ${item.raw.version}: ${item.raw.reason ?? ''}`
              : `${dateTick(item.raw.x)}: ${item.raw.y}`),
          },
        },
      },
      scales: {
        x: { type: 'linear', ticks: { callback: dateTick, maxTicksLimit: 6 } },
        y: { beginAtZero: true, title: { display: true, text: series.unit === 'kg' ? 'kg' : 'reps / steps / s' } },
      },
    },
  });
}
