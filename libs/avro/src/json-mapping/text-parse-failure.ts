/** Text had the right shape but not a valid value; the message is complete and names the input. */
export class TextParseFailure {
  constructor(readonly message: string) {}
}
