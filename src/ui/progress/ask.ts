import {createInterface} from 'node:readline/promises'

/** A yes/no question on the terminal; default no. */
export async function askYesNo(question: string, io: {input: NodeJS.ReadStream; output: NodeJS.WriteStream} = {input: process.stdin, output: process.stdout}): Promise<boolean> {
  const rl = createInterface({input: io.input, output: io.output})
  try {
    const answer = await rl.question(`${question} [y/N] `)
    return /^y(es)?$/i.test(answer.trim())
  } finally {
    rl.close()
  }
}
