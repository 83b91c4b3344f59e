/** Unit tests sit beside the code (*.spec.ts); end-to-end tests in test/e2e talk to the real Postgres and Redis. */
module.exports = {
  testEnvironment: 'node',
  rootDir: '.',
  roots: ['<rootDir>/src', '<rootDir>/test'],
  testRegex: '.*\\.(spec|e2e-spec)\\.ts$',
  transform: { '^.+\\.ts$': ['@swc/jest'] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  // Generous: the suite must pass on a 2-core machine shared with other CPU-heavy work (the bench, say).
  testTimeout: 120000,
};
