import { describe, expect, it } from 'vitest';
import { x } from '../src/index.js';
describe('smoke', () => { it('loads', () => { expect(x).toBe(1); }); });
