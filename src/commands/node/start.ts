import {componentCommand} from '../../cli/component-command.js'

export default componentCommand('node', 'start')
