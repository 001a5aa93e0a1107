export const page = 'resident';
