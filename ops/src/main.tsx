/**
 * @module
 * Entry of the operator console: mounts the app into #app.
 */
import { render } from 'preact';
import { App } from './App.tsx';
import './styles.css';

render(<App />, document.getElementById('app')!);
