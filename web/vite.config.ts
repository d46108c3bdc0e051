import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The app is served by the gateway at /app/ (gateway/src/web-app.ts): every asset bundled, nothing
// from a CDN (street-office intranets reach none). `npm run build` writes dist/.
export default defineConfig({
  base: '/app/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // ECharts is loaded only by the screens that draw (src/chart.tsx imports it dynamically).
    chunkSizeWarningLimit: 1200,
    reportCompressedSize: false,
  },
  server: { proxy: { '/graphql': 'http://localhost:4000' } },
});
