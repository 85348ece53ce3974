/* Errand program errors: Anchor-style custom codes from 6000, listed in the IDL's "errors" with the
 * same names. A code is never reused for another meaning. */
#pragma once
#define E_INVALID_INSTRUCTION 6000
#define E_ALREADY_INITIALIZED 6001
#define E_NOT_OWNER 6002
#define E_NOT_UPGRADE_AUTHORITY 6003
#define E_MISSING_SIGNER 6004
#define E_NOT_WRITABLE 6005
#define E_WRONG_ACCOUNT_OWNER 6006
#define E_WRONG_PDA 6007
#define E_WRONG_DISCRIMINATOR 6008
#define E_WRONG_ACCOUNT_SIZE 6009
#define E_WRONG_PROGRAM 6010
#define E_INVALID_LIMITS 6011
#define E_LIMIT_EXCEEDED 6012
#define E_DEPOSIT_TOO_SMALL 6013
#define E_OVERFLOW 6014
#define E_INVALID_SOURCE 6015
#define E_INPUT_TOO_LARGE 6016
#define E_HTTP_NOT_SUPPORTED 6017 /* reserved: no longer returned (the http capability is built) */
#define E_CALLBACK_NOT_SUPPORTED 6018 /* reserved: no longer returned (callbacks are built) */
#define E_NOT_A_WORKER 6019
#define E_WORKER_NOT_ACTIVE 6020
#define E_REQUEST_NOT_FOUND 6021
#define E_WRONG_REQUESTER 6022
#define E_NOT_STALE 6023
#define E_STAKE_TOO_SMALL 6024
#define E_WORKER_EXISTS 6025
#define E_WORKER_NOT_UNBONDING 6026
#define E_STILL_UNBONDING 6027
#define E_INVALID_SECRETS 6028
#define E_SECRETS_EXIST 6029
#define E_SECRETS_NOT_FOUND 6030
#define E_INVALID_RESULT 6031
#define E_OUTPUT_TOO_LARGE 6032
#define E_INVALID_CONFIG 6033
#define E_UNSUPPORTED_RENT 6034
#define E_NOT_ENOUGH_ACCOUNTS 6035
#define E_INSUFFICIENT_FEES 6036
#define E_INVALID_WORKER 6037
#define E_INVALID_CALLBACK 6038
#define E_WRONG_CALLBACK_ACCOUNTS 6039
#define E_INVALID_HTTP 6040
