// Snapshots live in the top-level __snapshots__/ folder, one file per test file.
const path = require('path');

const root = path.join(__dirname, '..');
const snapshots = path.join(root, '__snapshots__');

module.exports = {
  resolveSnapshotPath: (testPath, extension) => path.join(snapshots, path.basename(testPath) + extension),
  resolveTestPath: (snapshotPath, extension) => path.join(root, 'test', path.basename(snapshotPath, extension)),
  testPathForConsistencyCheck: path.join(root, 'test', 'example.test.ts'),
};
