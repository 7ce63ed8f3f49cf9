// Type-level test, compiled by `npm run test:types` (vue-tsc): useAmplifyAuth() takes exactly
// Amplify's inputs (every option form its types allow) and answers Amplify's outputs. A narrower or
// wider input type of ours (an option left out, a field added) is a compile error here.
import { expectTypeOf } from 'vitest'
import type * as amplifyAuth from 'aws-amplify/auth'
import type {
  ConfirmResetPasswordInput, ConfirmSignInInput, ConfirmSignInOutput, ConfirmSignUpInput, ConfirmSignUpOutput,
  ResendSignUpCodeInput, ResendSignUpCodeOutput, ResetPasswordInput, ResetPasswordOutput, SignInInput, SignInOutput,
  SignUpInput, SignUpOutput,
} from 'aws-amplify/auth'
import type { AmplifyAuth } from '../../src/runtime/app/composables/useAmplifyAuth'

type Input<F extends (...args: never[]) => unknown> = Parameters<F>
type Output<F extends (...args: never[]) => unknown> = Awaited<ReturnType<F>>

expectTypeOf<Input<AmplifyAuth['signIn']>>().toEqualTypeOf<[SignInInput]>()
expectTypeOf<Output<AmplifyAuth['signIn']>>().toEqualTypeOf<SignInOutput>()
expectTypeOf<Input<AmplifyAuth['confirmSignIn']>>().toEqualTypeOf<[ConfirmSignInInput]>()
expectTypeOf<Output<AmplifyAuth['confirmSignIn']>>().toEqualTypeOf<ConfirmSignInOutput>()
expectTypeOf<Input<AmplifyAuth['signUp']>>().toEqualTypeOf<[SignUpInput]>()
expectTypeOf<Output<AmplifyAuth['signUp']>>().toEqualTypeOf<SignUpOutput>()
expectTypeOf<Input<AmplifyAuth['confirmSignUp']>>().toEqualTypeOf<[ConfirmSignUpInput]>()
expectTypeOf<Output<AmplifyAuth['confirmSignUp']>>().toEqualTypeOf<ConfirmSignUpOutput>()
expectTypeOf<Input<AmplifyAuth['resendSignUpCode']>>().toEqualTypeOf<[ResendSignUpCodeInput]>()
expectTypeOf<Output<AmplifyAuth['resendSignUpCode']>>().toEqualTypeOf<ResendSignUpCodeOutput>()
expectTypeOf<Input<AmplifyAuth['resetPassword']>>().toEqualTypeOf<[ResetPasswordInput]>()
expectTypeOf<Output<AmplifyAuth['resetPassword']>>().toEqualTypeOf<ResetPasswordOutput>()
expectTypeOf<Input<AmplifyAuth['confirmResetPassword']>>().toEqualTypeOf<[ConfirmResetPasswordInput]>()
expectTypeOf<Output<AmplifyAuth['confirmResetPassword']>>().toEqualTypeOf<Awaited<ReturnType<typeof amplifyAuth.confirmResetPassword>>>()
// autoSignIn takes nothing, as Amplify's (AutoSignInCallback).
expectTypeOf<AmplifyAuth['autoSignIn']>().toEqualTypeOf<typeof amplifyAuth.autoSignIn>()

// The option forms the routes used to drop, as Amplify's types allow them: each must type-check as our input.
expectTypeOf<{ username: 'u', password: 'p', options: { userAttributes: { email: 'e' }, autoSignIn: { authFlowType: 'USER_PASSWORD_AUTH', clientMetadata: { a: 'b' } }, validationData: { v: 'w' }, clientMetadata: { c: 'd' } } }>()
  .toMatchTypeOf<Input<AmplifyAuth['signUp']>[0]>()
expectTypeOf<{ username: 'u', confirmationCode: '1', options: { forceAliasCreation: true, clientMetadata: { c: 'd' } } }>().toMatchTypeOf<Input<AmplifyAuth['confirmSignUp']>[0]>()
expectTypeOf<{ challengeResponse: '1', options: { friendlyDeviceName: 'phone', clientMetadata: { c: 'd' }, userAttributes: { name: 'n' } } }>().toMatchTypeOf<Input<AmplifyAuth['confirmSignIn']>[0]>()
