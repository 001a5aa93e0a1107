import { createApp } from 'vue';
import 'element-plus/theme-chalk/el-message.css';
import 'element-plus/theme-chalk/el-message-box.css';
import './console.css';
import './theme.css';
import App from './App.vue';
import { router } from './router';
import { APP_CONTEXT, createAppContext } from '../common/app-context';

void createAppContext('console').then((context) =>
  createApp(App).provide(APP_CONTEXT, context).use(router).mount('#app'),
);
