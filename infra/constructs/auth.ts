import { SIGN_IN_CALLBACK_PATH } from "@frictionmap/protocol";
import { Duration, type RemovalPolicy, Stack, Validations } from "aws-cdk-lib";
import {
  AccountRecovery,
  Mfa,
  OAuthScope,
  UserPool,
  type UserPoolClient,
  UserPoolClientIdentityProvider,
  type UserPoolDomain,
} from "aws-cdk-lib/aws-cognito";
import { Secret } from "aws-cdk-lib/aws-secretsmanager";
import { Construct } from "constructs";

export interface AuthProps {
  stage: string;
  /** Globally unique prefix of the hosted sign-in domain (…auth.<region>.amazoncognito.com). */
  domainPrefix: string;
  /** The reviewer's origin, e.g. https://d123.cloudfront.net (callback and sign-out URLs). */
  appUrl: string;
  removalPolicy: RemovalPolicy;
}

/** Path of the reviewer that receives the authorization code. */
export const CALLBACK_PATH = SIGN_IN_CALLBACK_PATH;

/**
 * Reviewer sign-in: a Cognito user pool where admins create users (no self sign-up), the
 * hosted sign-in page, an app client for the reviewer (authorization code + PKCE, no
 * secret), and the bootstrap admin token for automation in Secrets Manager.
 */
export class Auth extends Construct {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;
  readonly domain: UserPoolDomain;
  readonly adminToken: Secret;
  /** The `iss` of the pool's tokens; its keys are at {issuer}/.well-known/jwks.json. */
  readonly issuer: string;

  constructor(scope: Construct, id: string, props: AuthProps) {
    super(scope, id);
    this.userPool = new UserPool(this, "Reviewers", {
      userPoolName: `frictionmap-${props.stage}`,
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      userInvitation: {
        emailSubject: "Your Frictionmap reviewer account",
        emailBody: `You can now sign in to Frictionmap at ${props.appUrl} with {username} and the temporary password {####}.`,
      },
      removalPolicy: props.removalPolicy,
    });
    Validations.of(this.userPool).acknowledge({
      id: "AwsSolutions-COG2",
      reason: "MFA is optional (TOTP) by product decision: teams enforce it per user; SMS MFA is off.",
    });
    Validations.of(this.userPool).acknowledge({
      id: "AwsSolutions-COG3",
      reason:
        "Threat protection needs the Cognito Plus feature plan (billed per user); teams can turn it on later.",
    });

    Validations.of(this.userPool).acknowledge({
      id: "AwsSolutions-COG8",
      reason:
        "The Essentials tier covers admin-created users, hosted sign-in with PKCE and TOTP MFA; Plus is billed per active user.",
    });

    this.domain = this.userPool.addDomain("HostedUi", {
      cognitoDomain: { domainPrefix: props.domainPrefix },
    });
    this.client = this.userPool.addClient("Reviewer", {
      generateSecret: false,
      authFlows: {},
      oAuth: {
        flows: { authorizationCodeGrant: true, implicitCodeGrant: false },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
        callbackUrls: [`${props.appUrl}${CALLBACK_PATH}`],
        logoutUrls: [`${props.appUrl}/`],
      },
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
      enableTokenRevocation: true,
    });
    this.issuer = `https://cognito-idp.${Stack.of(this).region}.${Stack.of(this).urlSuffix}/${this.userPool.userPoolId}`;

    this.adminToken = new Secret(this, "AdminToken", {
      description: "Frictionmap bootstrap admin token (Authorization: Bearer <token>) for automation",
      generateSecretString: { passwordLength: 48, excludePunctuation: true, includeSpace: false },
      removalPolicy: props.removalPolicy,
    });
    Validations.of(this.adminToken).acknowledge({
      id: "AwsSolutions-SMG4",
      reason:
        "The admin token is a static bearer token read at Lambda cold start; rotate it by putting a new value (see README), no rotation Lambda.",
    });
  }

  /** Base URL of the hosted sign-in (…/oauth2/authorize, …/oauth2/token). */
  get hostedUiUrl(): string {
    return this.domain.baseUrl();
  }
}
