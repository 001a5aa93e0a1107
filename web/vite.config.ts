import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import components from 'unplugin-vue-components/vite';
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers';
import { VantResolver } from '@vant/auto-import-resolver';

const page = (name: string) => fileURLToPath(new URL(`${name}/index.html`, import.meta.url));

/**
 * One multi-page build: the leader's and the resident's phone pages (Vant) and the community
 * console (Element Plus). Components are imported on demand, so a page ships only what it uses.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  plugins: [vue(), components({ resolvers: [VantResolver(), ElementPlusResolver()], dts: false })],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    manifest: true,
    // The pages run in WeChat's in-app browser and older phones' browsers.
    target: ['es2020', 'safari14', 'chrome87'],
    rollupOptions: {
      input: { leader: page('leader'), resident: page('resident'), console: page('console') },
    },
  },
});
