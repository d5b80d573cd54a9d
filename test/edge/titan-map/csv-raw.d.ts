// The example CSV files are imported as text (Vite's `?raw`), so the tests use the very files
// docs/titan-map.md tells a reviewer to import.
declare module '*.csv?raw' {
  const text: string;
  export default text;
}
