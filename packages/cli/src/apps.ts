import { fileURLToPath } from 'node:url'

// The host serves the apps' production builds from their folders in this repository.
export const PORTAL_DIR = fileURLToPath(new URL('../../../portal/', import.meta.url))
export const BACKOFFICE_DIR = fileURLToPath(new URL('../../../backoffice/', import.meta.url))
