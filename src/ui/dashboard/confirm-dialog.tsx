// "Stop node node-2?  [y] yes  [n] no" with what will happen, above the footer.
import {Box, Text} from 'ink'

export function ConfirmDialog({question, detail}: {question: string; detail: string}) {
  return (
    <Box flexDirection="column" borderStyle="round" borderColor="yellow" paddingX={1}>
      <Text bold wrap="truncate">
        {question}
      </Text>
      <Text color="gray" wrap="truncate">
        {detail}
      </Text>
    </Box>
  )
}
