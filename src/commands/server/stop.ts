import {componentCommand} from '../../cli/component-command.js'

export default componentCommand('server', 'stop')
