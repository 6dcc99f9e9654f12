global using SmartRegion.IntegrationTests.Infrastructure;
global using Xunit;
