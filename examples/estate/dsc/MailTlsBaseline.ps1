<#
    MailTlsBaseline.ps1 - Azure Automation State Configuration for the Exchange mailbox servers.

    Compiled in the automation account "aa-mail-prod" and assigned to the node configuration
    MailTlsBaseline.localhost. Owner: messaging platform team (CHG0041877).
    TLS 1.2 explicitly enabled for SCHANNEL client and server, .NET told to use the OS defaults
    and strong crypto in both registry views, legacy protocols disabled.
#>
Configuration MailTlsBaseline
{
    Import-DscResource -ModuleName PSDesiredStateConfiguration

    Node 'localhost'
    {
        Registry TLS12ServerEnabled
        {
            Key       = 'HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL\Protocols\TLS 1.2\Server'
            ValueName = 'Enabled'
            ValueType = 'Dword'
            ValueData = '1'
            Ensure    = 'Present'
            Force     = $true
        }
        Registry TLS12ServerDisabledByDefault
        {
            Key       = 'HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL\Protocols\TLS 1.2\Server'
            ValueName = 'DisabledByDefault'
            ValueType = 'Dword'
            ValueData = '0'
            Ensure    = 'Present'
            Force     = $true
        }
        Registry TLS12ClientEnabled
        {
            Key       = 'HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL\Protocols\TLS 1.2\Client'
            ValueName = 'Enabled'
            ValueType = 'Dword'
            ValueData = '1'
            Ensure    = 'Present'
            Force     = $true
        }
        Registry TLS12ClientDisabledByDefault
        {
            Key       = 'HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL\Protocols\TLS 1.2\Client'
            ValueName = 'DisabledByDefault'
            ValueType = 'Dword'
            ValueData = '0'
            Ensure    = 'Present'
            Force     = $true
        }

        foreach ($protocol in @('SSL 2.0', 'SSL 3.0', 'TLS 1.0', 'TLS 1.1'))
        {
            foreach ($side in @('Server', 'Client'))
            {
                $id = ($protocol -replace '[ .]', '') + $side
                Registry "$($id)Enabled"
                {
                    Key       = "HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL\Protocols\$protocol\$side"
                    ValueName = 'Enabled'
                    ValueType = 'Dword'
                    ValueData = '0'
                    Ensure    = 'Present'
                    Force     = $true
                }
                Registry "$($id)DisabledByDefault"
                {
                    Key       = "HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL\Protocols\$protocol\$side"
                    ValueName = 'DisabledByDefault'
                    ValueType = 'Dword'
                    ValueData = '1'
                    Ensure    = 'Present'
                    Force     = $true
                }
            }
        }

        foreach ($netKey in @('SOFTWARE\Microsoft\.NETFramework\v4.0.30319', 'SOFTWARE\Wow6432Node\Microsoft\.NETFramework\v4.0.30319',
                              'SOFTWARE\Microsoft\.NETFramework\v2.0.50727', 'SOFTWARE\Wow6432Node\Microsoft\.NETFramework\v2.0.50727'))
        {
            $id = ($netKey -replace '[\\.]', '')
            Registry "$($id)SystemDefaultTlsVersions"
            {
                Key       = "HKEY_LOCAL_MACHINE\$netKey"
                ValueName = 'SystemDefaultTlsVersions'
                ValueType = 'Dword'
                ValueData = '1'
                Ensure    = 'Present'
            }
            Registry "$($id)SchUseStrongCrypto"
            {
                Key       = "HKEY_LOCAL_MACHINE\$netKey"
                ValueName = 'SchUseStrongCrypto'
                ValueType = 'Dword'
                ValueData = '1'
                Ensure    = 'Present'
            }
        }
    }
}
