// Renders every template in every language with sample data into ./preview (gitignored),
// plus preview/index.html to browse them: `pnpm --filter @fluentmeet/email-worker preview`.
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { buildEnvelope, LANGUAGES, type EmailRequest } from '@fluentmeet/email-contracts';
import { createRenderer } from '../templates/index.js';

const TO = 'ada.lovelace@example.com';

const SAMPLES: Record<string, EmailRequest> = {
  verification: {
    to: TO,
    template: 'verification',
    data: {
      verification_link:
        'https://app.fluentmeet.com/verify-email?token=q3Zr9xV0kLw8m1P2s7TtY4uBn6cD5eF0gHiJkLmNoPq',
      full_name: 'Ada Lovelace',
    },
  },
  'verification-no-name': {
    to: TO,
    template: 'verification',
    data: {
      verification_link: 'https://app.fluentmeet.com/verify-email?token=q3Zr9xV0kLw8m1P2s7TtY4uB',
      expires_in_hours: 48,
    },
  },
  password_reset: {
    to: TO,
    template: 'password_reset',
    data: {
      reset_link:
        'https://app.fluentmeet.com/reset-password?token=Hx2Lq8Vb0Nw4Kc6Jm1Pz3Rt5Ys7Ud9Fa0Ge2Ih4Jk6L',
      expires_in_minutes: 60,
      full_name: 'Ada Lovelace',
    },
  },
  password_changed: {
    to: TO,
    template: 'password_changed',
    data: { changed_at: '2026-11-28T00:12:00.000Z', full_name: 'Ada Lovelace' },
  },
  account_exists: {
    to: TO,
    template: 'account_exists',
    data: {
      reset_link:
        'https://app.fluentmeet.com/reset-password?token=Zp4Kd9Qm2Xv7Lr1Tb8Nc3Hs6Wf0Gy5Ja2Ue4Io7Pk9M',
      expires_in_minutes: 60,
      full_name: 'Ada Lovelace',
    },
  },
  'account_exists-no-name': {
    to: TO,
    template: 'account_exists',
    data: {
      reset_link: 'https://app.fluentmeet.com/reset-password?token=Zp4Kd9Qm2Xv7Lr1Tb8Nc3H',
      expires_in_minutes: 30,
    },
  },
};

const escape = (value: string) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

async function main(): Promise<void> {
  const dir = fileURLToPath(new URL('../../preview/', import.meta.url));
  await mkdir(dir, { recursive: true });
  const renderer = createRenderer();
  const rows: string[] = [];
  for (const [name, request] of Object.entries(SAMPLES)) {
    const cells: string[] = [];
    for (const locale of LANGUAGES) {
      const { subject, html, text } = renderer.render(buildEnvelope({ ...request, locale }));
      const file = `${name}.${locale}`;
      await writeFile(`${dir}${file}.html`, html);
      await writeFile(`${dir}${file}.txt`, `Subject: ${subject}\n\n${text}`);
      cells.push(
        `<td><a href="${file}.html" title="${escape(subject)}">${locale}</a> · <a href="${file}.txt">text</a></td>`,
      );
      process.stdout.write(`${file}: ${dir}${file}.html\n`);
    }
    rows.push(`<tr><th scope="row">${escape(name)}</th>${cells.join('')}</tr>`);
  }
  const index = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>FluentMeet email previews</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem}table{border-collapse:collapse}th,td{border:1px solid #ccc;padding:.4rem .8rem;text-align:left}</style>
</head><body><h1>FluentMeet email previews</h1>
<table><thead><tr><th scope="col">template</th>${LANGUAGES.map((l) => `<th scope="col">${l}</th>`).join('')}</tr></thead>
<tbody>${rows.join('\n')}</tbody></table></body></html>
`;
  await writeFile(`${dir}index.html`, index);
  process.stdout.write(`index: ${dir}index.html\n`);
}

await main();
