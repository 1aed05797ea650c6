import { expect, test } from '../fixtures.js';
import { ManifestError, parseManifest, readManifest, redacted, type Manifest } from '../../config/manifest.js';
import { maskHeaders, maskSecrets } from '../../api-clients/masking.js';

const valid: Manifest = {
  runId: 'abc123',
  target: 'local',
  owned: true,
  allowDestructive: true,
  baseUrl: 'http://127.0.0.1:3000',
  cache: { on: true, redisUrl: 'redis://:r3dis@127.0.0.1:6379' },
  databaseUrl: 'postgres://shop:s3cret@127.0.0.1:5432/shop',
  admin: { username: 'admin', password: 'hunter22' },
};

test.describe('manifest', () => {
  test('a valid manifest parses unchanged', () => {
    expect(parseManifest(valid)).toEqual(valid);
  });

  test('an invalid manifest is refused with the field named', () => {
    expect(() => parseManifest({ ...valid, baseUrl: 'ftp://x' })).toThrow(ManifestError);
    expect(() => parseManifest({ ...valid, target: 'mars' })).toThrow(/target/);
    expect(() => parseManifest({ ...valid, databaseUrl: 'mysql://x' })).toThrow(/databaseUrl/);
  });

  test('without global setup, reading the manifest says what to run', () => {
    expect(() => readManifest({})).toThrow('global setup did not run');
  });

  test('the copy written for people carries no secrets', () => {
    const copy = JSON.stringify(redacted(valid));

    expect(copy).not.toContain('s3cret');
    expect(copy).not.toContain('hunter22');
    expect(copy).not.toContain('r3dis');
    expect(redacted(valid).databaseUrl).toBe('postgres://shop:***@127.0.0.1:5432/shop');
  });
});

test.describe('masking', () => {
  test('passwords and tokens are masked at any depth; other fields are kept', () => {
    const masked = maskSecrets({
      username: 'ann',
      password: 'pw',
      nested: [{ access_token: 'eyJ', token_type: 'bearer', card_token: 'tok_visa' }],
    });

    expect(masked).toEqual({
      username: 'ann',
      password: '***',
      nested: [{ access_token: '***', token_type: 'bearer', card_token: 'tok_visa' }],
    });
  });

  test('bearer credentials in headers are masked, the scheme kept', () => {
    expect(maskHeaders({ authorization: 'Bearer abc.def.ghi', 'if-match': '"1"' })).toEqual({
      authorization: 'Bearer ***',
      'if-match': '"1"',
    });
  });
});
