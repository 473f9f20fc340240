import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createMetrics } from '../../src/app/metrics.js';

const ALERTS = new URL('../../../../infra/prometheus/alerts.yaml', import.meta.url);

interface RuleFile {
  groups: Array<{ name: string; rules: Array<{ alert: string; expr: string; for?: string }> }>;
}

describe('infra/prometheus/alerts.yaml', () => {
  it('parses, alerts on the oldest pending email, and names only metrics the worker exports', async () => {
    const file = parse(readFileSync(ALERTS, 'utf8')) as RuleFile;
    const rules = file.groups.flatMap((group) => group.rules);
    expect(rules.map((rule) => rule.alert)).toContain('EmailPendingTooLong');
    const exported = new Set(
      (await createMetrics().registry.getMetricsAsJSON()).map((metric) => metric.name),
    );
    for (const rule of rules) {
      const named = rule.expr.match(/\bemail_worker_[a-z_]+/g) ?? [];
      expect(named.length, rule.alert).toBeGreaterThan(0);
      for (const metric of named) expect(exported, `${rule.alert}: ${metric}`).toContain(metric);
    }
    const pending = rules.find((rule) => rule.alert === 'EmailPendingTooLong')!;
    expect(pending.expr).toMatch(/email_worker_oldest_pending_age_seconds\) > \d+/);
  });
});
