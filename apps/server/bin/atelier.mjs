#!/usr/bin/env node
// Starts the Atelier server (TypeScript sources are run through tsx).
import { register } from "tsx/esm/api";
register();
await import("../src/main.ts");
