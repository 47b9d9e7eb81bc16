// A template that cannot be rendered or written: the task event "Template Failure".
export class TemplateFailure extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'TemplateFailure'
  }
}
