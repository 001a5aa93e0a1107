export const page = 'console';
