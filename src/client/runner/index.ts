// What the node agent and commands use from the runner room.
export {startAllocRunner, MAX_KILL_TIMEOUT_MS, type AllocRunnerEvents, type AllocRunnerHandle, type AllocRunnerInput} from './alloc-runner.js'
export {resolveServices, resolvePort, type ResolvedService, type ResolvedCheck} from './services.js'
export type {CheckStatus} from './check-runner.js'
export {taskDirs, type TaskDirs} from './alloc-dir.js'
export {buildTaskEnv, buildNomadEnv} from './task-env.js'
export {interpolateString, interpolateDeep} from './interpolate.js'
export {nodeEnv, templateData, type TemplateSnapshot, type TemplateSource} from './template-data.js'
