import { Dashboard } from './app';

const header = document.getElementById('header');
const main = document.getElementById('main');
if (header && main) void new Dashboard(header, main).start();
