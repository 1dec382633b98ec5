/** SQL text helpers for the renderers; they live with the model (lint needs them too) and are re-exported here. */
export * from '../model/sql-text.js';
