"""The codes, messages and log-collection commands of Microsoft's article "Troubleshoot
error codes for the Azure MFA NPS extension", as its tables list them: product strings,
verbatim, kept here so that the suite runs on a clone with nothing beside it.

``category`` is what the article's section implies: its "these aren't errors" table lists
user warnings, its "contact support" table errors that need support; None for the others.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain.knowledge import Category


@dataclass(frozen=True)
class SeedRow:
    codes: tuple[str, ...]  # several when the article writes "A or B"
    message: str | None
    category: Category | None


NEEDS_SUPPORT, USER_WARNING = Category.NEEDS_SUPPORT, Category.USER_WARNING

SEED_ROWS: tuple[SeedRow, ...] = (
    SeedRow(('CONTACT_SUPPORT',), None, None),
    SeedRow(('CLIENT_CERT_INSTALL_ERROR',), None, None),
    SeedRow(('ESTS_TOKEN_ERROR',), None, None),
    SeedRow(('HTTPS_COMMUNICATION_ERROR',), None, None),
    SeedRow(('HTTP_CONNECT_ERROR',), None, None),
    SeedRow(('REGISTRY_CONFIG_ERROR',), None, None),
    SeedRow(
        ('REQUEST_FORMAT_ERROR',),
        'Radius Request missing mandatory Radius userName\\Identifier attribute.Verify that NPS is receiving RADIUS requests',  # noqa: E501
        None,
    ),
    SeedRow(('REQUEST_MISSING_CODE',), None, None),
    SeedRow(('USERNAME_CANONICALIZATION_ERROR',), None, None),
    SeedRow(('ALTERNATE_LOGIN_ID_ERROR',), 'Error: userObjectSid lookup failed', None),
    SeedRow(('ALTERNATE_LOGIN_ID_ERROR',), 'Error: Alternate LoginId lookup failed', None),
    SeedRow(('ALTERNATE_LOGIN_ID_ERROR',), 'Error: Alternate LoginId value is empty', None),
    SeedRow(
        ('AccessDenied',),
        'Caller tenant does not have access permissions to do authentication for the user',
        None,
    ),
    SeedRow(
        ('AuthenticationMethodNotConfigured',),
        'The specified authentication method was not configured for the user',
        None,
    ),
    SeedRow(
        ('AuthenticationMethodNotSupported',),
        'Specified authentication method is not supported.',
        None,
    ),
    SeedRow(
        ('BecAccessDenied',),
        'MSODS Bec call returned access denied, probably the username is not defined in the tenant',
        None,
    ),
    SeedRow(
        ('InvalidFormat', 'StrongAuthenticationServiceInvalidParameter'),
        'The phone number is in an unrecognizable format',
        None,
    ),
    SeedRow(('InvalidSession',), 'The specified session is invalid or may have expired', None),
    SeedRow(
        ('NoDefaultAuthenticationMethodIsConfigured',),
        'No default authentication method was configured for the user',
        None,
    ),
    SeedRow(('OathCodePinIncorrect',), 'Wrong code and pin entered.', None),
    SeedRow(
        ('ProofDataNotFound',),
        'Proof data was not configured for the specified authentication method.',
        None,
    ),
    SeedRow(('SMSAuthFailedWrongCodePinEntered',), 'Wrong code and pin entered. (OneWaySMS)', None),
    SeedRow(('TenantIsBlocked',), 'Tenant is blocked', None),
    SeedRow(('UserNotFound',), 'The specified user was not found', None),
    SeedRow(('OathCodeIncorrect',), 'Wrong code entered\\OATH Code Incorrect', USER_WARNING),
    SeedRow(
        ('SMSAuthFailedMaxAllowedCodeRetryReached',),
        'Maximum allowed code retry reached',
        USER_WARNING,
    ),
    SeedRow(
        ('SMSAuthFailedWrongCodeEntered',),
        'Wrong code entered/Text Message OTP Incorrect',
        USER_WARNING,
    ),
    SeedRow(('InvalidParameter',), 'Request must not be null', NEEDS_SUPPORT),
    SeedRow(
        ('InvalidParameter',),
        'ObjectId must not be null or empty for ReplicationScope:{0}',
        NEEDS_SUPPORT,
    ),
    SeedRow(
        ('InvalidParameter',),
        'The length of CompanyName {0}\\ is longer than the maximum allowed length {1}',
        NEEDS_SUPPORT,
    ),
    SeedRow(('InvalidParameter',), 'UserPrincipalName must not be null or empty', NEEDS_SUPPORT),
    SeedRow(('InvalidParameter',), 'The provided TenantId is not in correct format', NEEDS_SUPPORT),
    SeedRow(('InvalidParameter',), 'SessionId must not be null or empty', NEEDS_SUPPORT),
    SeedRow(
        ('InvalidParameter',),
        'Could not resolve any ProofData from request or Msods. The ProofData is unKnown',
        NEEDS_SUPPORT,
    ),
    SeedRow(('InternalError',), None, NEEDS_SUPPORT),
    SeedRow(('OathCodePinIncorrect',), None, NEEDS_SUPPORT),
    SeedRow(('VersionNotSupported',), None, NEEDS_SUPPORT),
    SeedRow(('MFAPinNotSetup',), None, NEEDS_SUPPORT),
)

# The log-collection section's commands, in the article's order.
SEED_COMMANDS: tuple[str, ...] = (
    'Mkdir c:\\NPS',
    'Cd NPS',
    'netsh trace start Scenario=NetConnection capture=yes tracefile=c:\\NPS\\nettrace.etl',
    'logman create trace "NPSExtension" -ow -o c:\\NPS\\NPSExtension.etl -p {7237ED00-E119-430B-AB0F-C63360C8EE81} 0xffffffffffffffff 0xff -nb 16 16 -bs 1024 -mode Circular -f bincirc -max 4096 -ets',  # noqa: E501
    'logman update trace "NPSExtension" -p {EC2E6D3A-C958-4C76-8EA4-0262520886FF} 0xffffffffffffffff 0xff -ets',  # noqa: E501
    'logman stop "NPSExtension" -ets',
    'netsh trace stop',
    'wevtutil epl AuthNOptCh C:\\NPS\\%computername%_AuthNOptCh.evtx',
    'wevtutil epl AuthZOptCh C:\\NPS\\%computername%_AuthZOptCh.evtx',
    'wevtutil epl AuthZAdminCh C:\\NPS\\%computername%_AuthZAdminCh.evtx',
    'Start .',
)
