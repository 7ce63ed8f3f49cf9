// The custom-auth Lambda triggers test pools are given. A pool names its triggers as Cognito pools
// do, in LambdaConfig (DefineAuthChallenge, CreateAuthChallenge, VerifyAuthChallengeResponse) by
// function ARN; cognito-local stores that config and invokes none of them, the shim does
// (shim-custom-auth.ts): it looks the ARN's function name up in TRIGGER_FUNCTIONS and calls it, in
// the shim's process, with Cognito's event shape (`version`, `triggerSource`, `region`,
// `userPoolId`, `userName`, `callerContext`, `request`, `response`), as a Node Lambda handler is
// called: it may change `event.response` and/or return the event.
//
// The quiz: two questions in a row, then tokens; three wrong answers end the sign-in. With
// CUSTOM_WITH_SRP the password comes first (SRP_A, then PASSWORD_VERIFIER), as in Cognito's own
// example. Create echoes what it was called with into its public parameters (the client sees them as
// Amplify's `additionalInfo`), and the last Verify event of the user, so tests can check that
// `clientMetadata` and the event shapes reach the triggers.

export interface ChallengeResult { challengeName: string, challengeResult: boolean, challengeMetadata?: string }
export interface TriggerEvent {
  version: string
  triggerSource: 'DefineAuthChallenge_Authentication' | 'CreateAuthChallenge_Authentication' | 'VerifyAuthChallengeResponse_Authentication'
  region: string
  userPoolId: string
  userName: string
  callerContext: { awsSdkVersion: string, clientId: string }
  request: Record<string, any>
  response: Record<string, any>
}
export type Trigger = (event: TriggerEvent) => unknown

const ACCOUNT = '000000000000'
const PREFIX = 'nuxt-amplify-'

/** The ARN a pool's LambdaConfig names a trigger of TRIGGER_FUNCTIONS by. */
export function triggerArn(name: string, region = 'us-east-1'): string {
  return `arn:aws:lambda:${region}:${ACCOUNT}:function:${PREFIX}${name}`
}

/** LambdaConfig for CreateUserPool: the quiz's three triggers. */
export function quizLambdaConfig(): Record<string, string> {
  return { DefineAuthChallenge: triggerArn('quiz-define'), CreateAuthChallenge: triggerArn('quiz-create'), VerifyAuthChallengeResponse: triggerArn('quiz-verify') }
}

/** The trigger an ARN names, if it is one of ours. */
export function triggerOf(arn: unknown): Trigger | undefined {
  const name = typeof arn === 'string' ? arn.split(':function:')[1]?.split(':')[0] : undefined
  return name?.startsWith(PREFIX) ? TRIGGER_FUNCTIONS[name.slice(PREFIX.length)] : undefined
}

export const QUESTIONS = [
  { question: 'What is 2 + 3?', answer: '5' },
  { question: 'What is the capital of France?', answer: 'Paris' },
]
export const MAX_WRONG_ANSWERS = 3

const customResults = (session: ChallengeResult[]) => session.filter(result => result.challengeName === 'CUSTOM_CHALLENGE')

function quizDefine(event: TriggerEvent): TriggerEvent {
  const session: ChallengeResult[] = event.request.session
  const last = session.at(-1)
  const decide = (response: { challengeName?: string, issueTokens?: boolean, failAuthentication?: boolean }) => {
    event.response = { challengeName: response.challengeName ?? null, issueTokens: !!response.issueTokens, failAuthentication: !!response.failAuthentication }
    return event
  }
  if (last?.challengeName === 'SRP_A') return decide({ challengeName: 'PASSWORD_VERIFIER' })
  if (last?.challengeName === 'PASSWORD_VERIFIER') return decide(last.challengeResult ? { challengeName: 'CUSTOM_CHALLENGE' } : { failAuthentication: true })
  const answers = customResults(session)
  const right = answers.filter(result => result.challengeResult).length
  if (answers.length - right >= MAX_WRONG_ANSWERS) return decide({ failAuthentication: true })
  // (An unknown user, `userNotFound`, gets the same questions: nothing tells them apart. Cognito has
  // no user to issue tokens to, so it refuses at the end whatever this answers.)
  if (right >= QUESTIONS.length) return decide({ issueTokens: true })
  return decide({ challengeName: 'CUSTOM_CHALLENGE' })
}

// The last Verify event per user, echoed by the next Create (bounded: test users are few).
const lastVerify = new Map<string, unknown>()

function quizCreate(event: TriggerEvent): TriggerEvent {
  const round = Math.min(customResults(event.request.session).filter(result => result.challengeResult).length, QUESTIONS.length - 1)
  const { question, answer } = QUESTIONS[round]!
  const { response: _response, ...seen } = event
  event.response = {
    publicChallengeParameters: {
      round: String(round + 1),
      question,
      clientMetadata: JSON.stringify(event.request.clientMetadata ?? {}),
      event: JSON.stringify(seen),
      lastVerify: JSON.stringify(lastVerify.get(`${event.userPoolId}|${event.userName}`) ?? null),
    },
    privateChallengeParameters: { answer },
    challengeMetadata: `QUESTION-${round + 1}`,
  }
  return event
}

async function quizVerify(event: TriggerEvent): Promise<TriggerEvent> {
  if (lastVerify.size > 1000) lastVerify.clear()
  const { response: _response, ...seen } = event
  lastVerify.set(`${event.userPoolId}|${event.userName}`, seen)
  const expected = String(event.request.privateChallengeParameters?.answer ?? '')
  event.response.answerCorrect = expected !== '' && String(event.request.challengeAnswer).trim().toLowerCase() === expected.toLowerCase()
  return event
}

/** Trigger functions by name (the part of the ARN after the prefix). */
export const TRIGGER_FUNCTIONS: Record<string, Trigger> = {
  'quiz-define': quizDefine,
  'quiz-create': quizCreate,
  'quiz-verify': quizVerify,
  // A Create trigger that fails, as a Lambda that throws: Cognito answers UserLambdaValidationException.
  'failing-create': () => {
    throw new Error('question bank unavailable')
  },
}
