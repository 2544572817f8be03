// Copies what tsc does not: the icons (one folder for the three nodes and the credential) and the
// nodes' codex files.
const { src, dest, task } = require('gulp');

task('build:assets', () => src(['icons/*.svg', 'nodes/**/*.json'], { base: '.' }).pipe(dest('dist')));
