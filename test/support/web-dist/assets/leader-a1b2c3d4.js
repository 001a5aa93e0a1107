export const page = 'leader';
