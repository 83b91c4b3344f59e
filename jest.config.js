/** Unit tests sit beside the code (*.spec.ts); end-to-end tests in test/e2e talk to the real Postgres and Redis. */
module.exports = {
  testEnvironment: 'node',
  rootDir: '.',
  roots: ['<rootDir>/src', '<rootDir>/test'],
  testRegex: '.*\\.(spec|e2e-spec)\\.ts$',
  transform: { '^.+\\.(ts|m?js)$': ['@swc/jest'] },
  // NestJS 12 ships ES modules only; Jest's CommonJS runtime on Node 20 cannot require them, so they are compiled like our own code.
  transformIgnorePatterns: ['/node_modules/(?!(@nestjs)/)'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  // Generous: the suite must pass on a 2-core machine shared with other CPU-heavy work (the bench, say).
  testTimeout: 120000,
};
