global using SmartRegion.IntegrationTests.Infrastructure;
global using SmartRegion.IntegrationTests.Infrastructure.Contract;
global using Xunit;
