import { createApp } from 'vue';
import 'vant/es/toast/style/index';
import 'vant/es/dialog/style/index';
import '../phone/phone.css';
import App from './App.vue';
import { router } from './router';
import { APP_CONTEXT, createAppContext } from '../common/app-context';

void createAppContext('leader').then((context) =>
  createApp(App).provide(APP_CONTEXT, context).use(router).mount('#app'),
);
