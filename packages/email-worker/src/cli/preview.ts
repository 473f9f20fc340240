// Renders every template with sample data into ./preview (gitignored) so a person
// can open the results in a browser: `pnpm --filter email-worker preview`.
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { buildEnvelope, type EmailRequest } from '@fluentmeet/email-contracts';
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

async function main(): Promise<void> {
  const dir = fileURLToPath(new URL('../../preview/', import.meta.url));
  await mkdir(dir, { recursive: true });
  const renderer = createRenderer();
  for (const [name, request] of Object.entries(SAMPLES)) {
    const { subject, html, text } = renderer.render(buildEnvelope(request));
    const htmlPath = `${dir}${name}.html`;
    const textPath = `${dir}${name}.txt`;
    await writeFile(htmlPath, html);
    await writeFile(textPath, `Subject: ${subject}\n\n${text}`);
    process.stdout.write(`${name}: ${htmlPath}\n${name}: ${textPath}\n`);
  }
}

await main();
