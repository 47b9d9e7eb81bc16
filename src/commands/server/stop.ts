import {componentCommand} from '../../lib/component-command.js'

export default componentCommand('server', 'stop')
