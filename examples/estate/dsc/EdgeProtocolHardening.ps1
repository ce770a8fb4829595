# EdgeProtocolHardening.ps1 - SChannelDsc configuration applied to the Edge Transport servers
# (edge01, edge02) by the DSC extension. Written in 2021 for the MC229914 deadline.
#
# Known gap: SChannelDsc's Protocol resource only writes the Server side unless
# IncludeClientSide is set, so outbound SMTP (the Client side) keeps the OS default.
Configuration EdgeProtocolHardening
{
    Import-DscResource -ModuleName SChannelDsc -ModuleVersion 1.4.0

    Node $AllNodes.NodeName
    {
        Protocol EnableTLS12
        {
            Protocol           = 'TLS 1.2'
            State              = 'Enabled'
            RebootWhenRequired = $true
        }

        Protocol DisableTLS10
        {
            Protocol           = 'TLS 1.0'
            State              = 'Disabled'
            IncludeClientSide  = $true
            RebootWhenRequired = $true
        }

        Protocol DisableSSL3
        {
            Protocol           = 'SSL 3.0'
            State              = 'Disabled'
            IncludeClientSide  = $true
        }

        SChannelSettings DotNetStrongCrypto
        {
            IsSingleInstance = 'Yes'
            TLS12State       = 'Enabled'
        }
    }
}
